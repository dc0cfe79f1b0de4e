export { createMemoryStore } from './memory-store';
export { definedFunctionKeys, type RoleMatrixRow, roleMatrixTable } from './role-matrix';
