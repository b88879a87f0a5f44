/** A schema handed to flightdeck:settings is itself wrong: a programming error, not bad settings. */
export class SettingsSchemaError extends Error {
  constructor(message: string) {
    super(`flightdeck:settings: ${message}`);
    this.name = 'SettingsSchemaError';
  }
}
