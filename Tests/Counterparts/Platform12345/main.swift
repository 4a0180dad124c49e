print("xinfang: the 12345 platform counterpart is not built yet")
