OWNER = "function a"
