import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { SETTING_KEYS } from "./settingKeys";
import { validateSettings } from "./validateSettings";

const repo = join(__dirname, "..", "..");
const readYaml = (file: string): unknown => parse(readFileSync(join(repo, file), "utf8"));

interface ProjectFile {
  name: string;
  config: Record<string, { type: string; description: string; default: unknown }>;
}

describe("Pulumi.yaml config schema", () => {
  const project = readYaml("Pulumi.yaml") as ProjectFile;

  it("declares every non-secret setting with the program's default and a description", () => {
    const declared = SETTING_KEYS.filter((setting) => !("secret" in setting));
    assert.deepEqual(Object.keys(project.config).sort(), declared.map((s) => s.key).sort());
    for (const setting of declared) {
      const schema = project.config[setting.key];
      assert.ok(schema, setting.key);
      assert.equal(schema.default, setting.default, `default of ${setting.key}`);
      assert.ok(schema.description.length > 10, `description of ${setting.key}`);
      assert.ok(["string", "boolean", "integer"].includes(schema.type), `type of ${setting.key}`);
    }
  });

  for (const stack of ["dev", "prod"]) {
    it(`Pulumi.${stack}.yaml is a valid stack`, () => {
      const file = readYaml(`Pulumi.${stack}.yaml`) as { config: Record<string, unknown> };
      const prefix = `${project.name}:`;
      const raw = Object.fromEntries(Object.entries(file.config).map(([key, value]) => [key.slice(prefix.length), value]));
      const settings = validateSettings(raw);
      assert.equal(settings.target, stack === "dev" ? "docker" : "kubernetes");
      assert.equal(settings.tracing.secure, stack === "prod");
    });
  }
});
