require("node:module").enableCompileCache();
