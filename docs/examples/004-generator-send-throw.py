def test():
    val = yield 1
    print(val)
    yield 2
    yield 3

gen = test()
print(next(gen))
print(gen.send('abc'))
print(next(gen))
print(gen.throw(Exception('!')))
# 1
# abc
# 2
# 3
# Exception: !
