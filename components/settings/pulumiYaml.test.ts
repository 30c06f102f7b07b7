import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse, stringify } from "yaml";
import { SETTING_KEYS, type SettingKey } from "./settingKeys";
import { validateSettings } from "./validateSettings";

const repo = join(__dirname, "..", "..");
const readYaml = (file: string): unknown => parse(readFileSync(join(repo, file), "utf8"));

interface ProjectFile {
  name: string;
  config: Record<string, { type: string; description: string; default: unknown }>;
}

/** A setting as Pulumi.yaml declares it: the type follows from the default's. */
function schemaOf(setting: SettingKey): { type: string; description: string; default: unknown } {
  const type = typeof setting.default === "number" ? "integer" : typeof setting.default === "boolean" ? "boolean" : "string";
  return { type, description: setting.description, default: setting.default };
}

describe("Pulumi.yaml config schema", () => {
  const project = readYaml("Pulumi.yaml") as ProjectFile;

  it("declares every non-secret setting, the services' from the table, with the program's default, type and description", () => {
    const declared = SETTING_KEYS.filter((setting) => setting.secret !== true);
    const expected = Object.fromEntries(declared.map((setting) => [setting.key, schemaOf(setting)]));
    // On a mismatch, the message is the block to paste under `config:`.
    assert.deepEqual(project.config, expected, stringify({ config: expected }));
  });

  for (const stack of ["dev", "prod"]) {
    it(`Pulumi.${stack}.yaml over Pulumi.yaml's defaults is a valid stack`, () => {
      const file = readYaml(`Pulumi.${stack}.yaml`) as { config: Record<string, unknown> };
      const prefix = `${project.name}:`;
      const stackValues = Object.fromEntries(Object.entries(file.config).map(([key, value]) => [key.slice(prefix.length), value]));
      // The CLI hands the program Pulumi.yaml's defaults as strings, beside the stack's own values.
      const projectDefaults = Object.fromEntries(Object.entries(project.config).map(([key, schema]) => [key, String(schema.default)]));
      const settings = validateSettings({ ...projectDefaults, ...stackValues });
      assert.equal(settings.target, stack === "dev" ? "docker" : "kubernetes");
      assert.equal(settings.tracing.secure, stack === "prod");
    });
  }
});
