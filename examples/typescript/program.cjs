// The program's entry (Pulumi.yaml `main`). The component is TypeScript source (the package exports
// components/index.ts), which Pulumi's ts-node would skip or fail on; tsx compiles index.ts and
// everything it imports, the component included, wherever it lives.
require("tsx/cjs/api").register();
module.exports = require("./index.ts");
