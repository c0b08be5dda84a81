/** The part of ssh2's protocol helpers (no typings of their own) that certificate logins use: see cert-auth.ts. */
declare module 'ssh2/lib/protocol/utils.js' {
  const utils: {
    /** Encrypts and sends a finished packet, or queues it while keys are being exchanged. */
    sendPacket(protocol: object, packet: Buffer, bypass?: boolean): boolean;
    /** A signature from node:crypto in the SSH encoding of `keyType` (ECDSA and DSA differ); false or undefined when malformed. */
    convertSignature(signature: Buffer, keyType: string): Buffer | false | undefined;
  };
  export = utils;
}
