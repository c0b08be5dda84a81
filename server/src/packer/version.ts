/** Versions this build reports: our own, and the Packer language level it implements (`packer.version`). */
export const PACKER_STUDIO_VERSION = '0.1.0';
export const PACKER_COMPAT_VERSION = '1.16.0';
