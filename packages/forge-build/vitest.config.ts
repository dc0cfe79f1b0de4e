import { suiteProject } from '../../vitest.shared.ts';

export default suiteProject('forge-build');
