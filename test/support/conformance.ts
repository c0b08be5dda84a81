// Packer's and HCL's own test fixtures, vendored from ../shared/conformance so a clean clone can run the suite.
import { join } from 'node:path';

export const CONFORMANCE_DIR = join(process.cwd(), 'test/fixtures/conformance');
