/**
 * JSON Schema as sent to a provider for structured outputs, and the two messages every
 * structured request may need: the schema in the prompt (servers without json_schema) and
 * the one repair round. Generic: no record fields here (those are in extract/ai).
 */
export type JsonSchema = Record<string, unknown>;

/**
 * Strict mode needs every property listed in `required` and `additionalProperties: false`
 * on every object; optional values are expressed as type unions with null instead.
 */
export function strictObject(properties: Record<string, JsonSchema>): JsonSchema {
  return { type: 'object', properties, required: Object.keys(properties), additionalProperties: false };
}

/** For servers without json_schema support: the schema goes into the prompt instead. */
export function schemaInstruction(schema: JsonSchema): string {
  return (
    'Reply with one JSON object only, no prose and no code fences. It must match this JSON Schema exactly ' +
    `(every property present; null where there is no value):\n${JSON.stringify(schema)}`
  );
}

export function repairMessage(problems: string[]): string {
  return (
    'Your answer could not be used:\n' +
    problems.map((p) => `- ${p}`).join('\n') +
    '\nReply again with the complete, corrected JSON object only.'
  );
}
