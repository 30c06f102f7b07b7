import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  // examples/python: its virtualenv (pip ships JavaScript) and generated SDK are not this project's code.
  { ignores: ["node_modules/", "policy/node_modules/", ".pulumi/", "lab/", "examples/python/venv/", "examples/python/sdks/"] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true, allowBoolean: true }],
      // node:test's describe/it return promises that the runner itself awaits.
      "@typescript-eslint/no-floating-promises": [
        "error",
        { allowForKnownSafeCalls: [{ from: "package", name: ["describe", "it", "test"], package: "node:test" }] },
      ],
    },
  },
  { files: ["eslint.config.mjs"], ...tseslint.configs.disableTypeChecked },
  // The example's own tsconfig finds "milvus-tracing" only once the example is installed; the root's
  // maps it to the source, as `npm run build` checks the example.
  {
    files: ["examples/typescript/**/*.ts"],
    languageOptions: { parserOptions: { projectService: false, project: "./tsconfig.json", tsconfigRootDir: import.meta.dirname } },
  },
  // The programs' CommonJS entries (this one's and the example's) and Node's compile cache: plain JavaScript, outside the TypeScript project.
  {
    files: ["*.cjs", "examples/*/*.cjs"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, sourceType: "commonjs", globals: { require: "readonly", module: "writable", process: "readonly", __dirname: "readonly" } },
    rules: { ...tseslint.configs.disableTypeChecked.rules, "@typescript-eslint/no-require-imports": "off" },
  },
);
