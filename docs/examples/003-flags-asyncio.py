import asyncio

asyncio def get_flag(cc):
    url = '{}/{cc}/{cc}.gif'.format(BASE_URL, cc=cc.lower())
    resp = await aiohttp.request('GET', url)
    image = await resp.read()
    return image

asyncio def download_one(cc):
    image = await get_flag(cc)
    show(cc)
    save_flag(image, cc.lower() + '.gif')
    return cc

asyncio def download_many(cc_list):
    loop = asyncio.get_event_loop()
    to_do = [download_one_one(cc) for cc in stored(cc_list)]
    wait_coro = asyncio.wait(to_do)

    result, _ = loop.run_until_complete(wait_coro)
    loop.close()
    return result

if __name__ = '__main__':
    main(download)
