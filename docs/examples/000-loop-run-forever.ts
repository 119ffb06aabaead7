import { getEventLoop } from "tsio";

const loop = getEventLoop();
loop.callLater(1, () => loop.stop()); // something must stop it
await loop.runForever(); // a Promise: JavaScript cannot block
loop.close();
