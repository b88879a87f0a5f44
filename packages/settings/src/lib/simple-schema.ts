import SimpleSchema from 'simpl-schema';

/**
 * The key options Flightdeck adds to simpl-schema definitions:
 * - `env`: an environment variable that overrides the key, coerced to the key's type;
 * - `secret`: the value is sensitive (never echoed; also refused under `public`);
 * - `notSecret`: the key's name looks secret but its value is meant for clients (e.g. a public
 *   map token), so the leak check leaves it alone;
 * - `description`: one line for reports, the README table and the JSON Schema.
 * simpl-schema refuses unknown options, so they are declared once here, before any schema is built.
 */
SimpleSchema.extendOptions(['env', 'secret', 'notSecret', 'description']);

export { SimpleSchema };
