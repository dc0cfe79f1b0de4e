import { suiteProject } from '../../vitest.shared.ts';

export default suiteProject('storage');
