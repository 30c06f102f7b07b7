import assert from "node:assert/strict";
import { SettingsError, validateSettings, type RawSettings } from "../settings/validateSettings";

/** The problems validateSettings lists for settings a test expects it to refuse. */
export function settingsProblems(raw: RawSettings, secretKeys: readonly string[] = []): readonly string[] {
  try {
    validateSettings(raw, "milvus-tracing", new Set(secretKeys));
  } catch (error) {
    if (error instanceof SettingsError) return error.problems;
    throw error;
  }
  assert.fail(`expected ${JSON.stringify(raw)} to be rejected`);
}
