import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SETTING_KEYS, type SettingKey } from "../settings/settingKeys";
import { ARG_KINDS, type ArgKind } from "./argKinds";

/**
 * The kind a setting's arg should have: a secret is an input; a number or boolean default says the
 * type; a string default is a number only where the setting's description says it is one.
 */
function expectedKind(setting: SettingKey): ArgKind {
  if (setting.secret === true) return "secret";
  if (typeof setting.default === "number") return "number";
  if (typeof setting.default === "boolean") return "boolean";
  return /\ba number from\b/.test(setting.description) ? "number" : "string";
}

describe("MilvusTracing's args", () => {
  it("are the settings of the key table, in its order, each with the type its default and description give", () => {
    const expected = Object.fromEntries(SETTING_KEYS.map((setting) => [setting.key, expectedKind(setting)]));
    // On a mismatch, the message is the table to paste into argKinds.ts.
    assert.deepEqual(Object.entries(ARG_KINDS), Object.entries(expected), JSON.stringify(expected, undefined, 2));
  });
});
