// @forge/cli-shared requires keytar inside try/catch and treats a throw as "no OS keychain" (it then reads
// FORGE_EMAIL / FORGE_API_TOKEN). The repo only bundles and lints, so no native build is needed for it.
throw new Error('keytar is not installed in this repository (see packages/forge-build/README.md)');
