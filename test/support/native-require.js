// content-disposition 3 (used by @fastify/static, which serves /docs) is published as ESM only.
// Node 20 loads it with require() natively; jest's module loader does not, so jest maps the
// package here and this file hands the load to Node's own require. Node's own: jest answers
// require('node:module') with its own createRequire, which would resolve the package through the
// same mapping back to this file (a cycle that exports {}); process.getBuiltinModule does not.
const { createRequire } = process.getBuiltinModule('node:module');
module.exports = createRequire(__filename)('content-disposition');
