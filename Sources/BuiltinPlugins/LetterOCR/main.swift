print("xinfang: this built-in plugin is not built yet")
