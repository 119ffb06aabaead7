>>>asyncio.run( main() )
>>> main()
>>> await main()
