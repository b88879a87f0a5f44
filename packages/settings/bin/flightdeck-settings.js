#!/usr/bin/env node
// npm links this file as `flightdeck-settings`; the command itself is built into dist/cli.js.
import '../dist/cli.js';
