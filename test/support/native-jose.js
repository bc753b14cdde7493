// jose 6 (libs/auth: JWT signing and verification) is published as ESM only: loaded through Node's
// own require, as native-require.js does for content-disposition (see there why not jest's).
const { createRequire } = process.getBuiltinModule('node:module');
module.exports = createRequire(__filename)('jose');
