// Loaded by Pulumi.yaml's nodeargs before the runtime loads @pulumi/pulumi: Node keeps the code it
// compiles for every module (@pulumi/pulumi, gRPC, @kubernetes/client-node, the program) in its
// compile cache under the system's temporary folder, and later runs start from it.
require("node:module").enableCompileCache();
