// content-disposition 3 (used by @fastify/static, which serves /docs) is published as ESM only.
// Node 20 loads it with require() natively; jest's module loader does not, so jest maps the
// package here and this file hands the load to Node's own require.
const { createRequire } = require('node:module');
module.exports = createRequire(__filename)('content-disposition');
