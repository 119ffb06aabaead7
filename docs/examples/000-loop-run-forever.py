loop.run_forever()
loop.close()
