// The program's entry (Pulumi.yaml `main`). Pulumi's own TypeScript support would load the
// TypeScript compiler and ts-node and compile every file at every run; tsx (esbuild, with a
// transform cache) is registered here, once @pulumi/pulumi is loaded, for the program's files.
// Types are checked by `npm run build`, not at deploy time.
//
// The packages the program imports on every target load first: tsx reads every JavaScript file
// required after it registers, to tell ES modules from CommonJS: loading them first takes the
// program's load from about 315 to 200 ms of CPU (after the runtime, medians of 8).
for (const name of ["@pulumi/pulumi", "@pulumi/kubernetes", "@pulumi/docker", "@pulumi/tls", "yaml"]) require(name);
require("tsx/cjs/api").register();
module.exports = require("./index.ts");
