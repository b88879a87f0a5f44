// `express5` is Express 5.1 installed under an npm alias (package.json), the Express of Meteor
// 3.1+'s webapp. The harness uses it through the API shared with Express 4, so Express 4's types
// (@types/express 4.17) describe it.
declare module 'express5' {
  import express = require('express');
  export = express;
}
