def test():
    yield 1
    yield 2

gen = test()
print(type(gen))
print(next(gen))
print(next(gen))
print(next(gen))
# <class 'generator'>
# 1
# 2
# StopIteration
