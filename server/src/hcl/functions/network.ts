/** CIDR functions (go-cty-funcs cidr/ over apparentlymart/go-cidr). */
import { FunctionError, type HclFunction } from '../function.js';
import { NUMBER, STRING, listOf, stringVal, type Value, Value as V } from '../value.js';
import {
  allOnes,
  contains,
  formatIp,
  formatNetwork,
  lastAddress,
  maskOf,
  parseCidr,
  type IpNetwork,
} from './ip-address.js';
import { wholeNumber } from './whole-number.js';
import { pureFunctions } from './support.js';

const MAX_NEWBITS = 32;

function network(prefix: Value, argIndex?: number): IpNetwork {
  try {
    return parseCidr(prefix.raw as string);
  } catch (e) {
    throw new FunctionError(`invalid CIDR expression: ${(e as Error).message}`, argIndex);
  }
}

const cidrhost: HclFunction = {
  description: 'Calculates a full host IP address within a given IP network address prefix.',
  params: [
    { name: 'prefix', type: STRING },
    { name: 'hostnum', type: NUMBER },
  ],
  returnType: () => STRING,
  impl: ([prefix, hostnum]) => {
    let num = BigInt(wholeNumber(hostnum));
    const net = network(prefix);
    const maxHost = allOnes(net.bits - net.prefix);
    // Negative host numbers count back from the last address, as go-cidr does.
    const magnitude = num < 0n ? -num - 1n : num;
    if (num < 0n) num = maxHost - magnitude;
    if (magnitude > maxHost) {
      throw new FunctionError(`prefix of ${net.prefix} does not accommodate a host numbered ${num}`);
    }
    return stringVal(formatIp(net.ip | num, net.bits));
  },
};

const cidrnetmask: HclFunction = {
  description: 'Converts an IPv4 address prefix given in CIDR notation into a subnet mask address.',
  params: [{ name: 'prefix', type: STRING }],
  returnType: () => STRING,
  impl: ([prefix]) => {
    const net = network(prefix);
    return stringVal(formatIp(maskOf(net.prefix, net.bits), net.bits));
  },
};

const cidrsubnet: HclFunction = {
  description: 'Calculates a subnet address within a given IP network address prefix.',
  params: [
    { name: 'prefix', type: STRING },
    { name: 'newbits', type: NUMBER },
    { name: 'netnum', type: NUMBER },
  ],
  returnType: () => STRING,
  impl: ([prefix, newbitsArg, netnumArg]) => {
    const newbits = wholeNumber(newbitsArg);
    const netnum = BigInt(wholeNumber(netnumArg));
    const net = network(prefix);
    if (newbits > MAX_NEWBITS) throw new FunctionError('may not extend prefix by more than 32 bits');
    const newPrefix = net.prefix + newbits;
    if (newPrefix > net.bits) {
      throw new FunctionError(`insufficient address space to extend prefix of ${net.prefix} by ${newbits}`);
    }
    if (newbits < 0 || netnum < 0n || netnum > allOnes(newbits)) {
      throw new FunctionError(`prefix extension of ${newbits} does not accommodate a subnet numbered ${netnum}`);
    }
    const ip = net.ip | (netnum << BigInt(net.bits - newPrefix));
    return stringVal(formatNetwork({ ip, bits: net.bits, prefix: newPrefix }));
  },
};

const cidrsubnets: HclFunction = {
  description: 'Calculates a sequence of consecutive IP address ranges within a particular CIDR prefix.',
  params: [{ name: 'prefix', type: STRING }],
  varParam: { name: 'newbits', type: NUMBER },
  returnType: () => listOf(STRING),
  impl: ([prefix, ...newbitsArgs]) => {
    const net = network(prefix, 0);
    if (newbitsArgs.length === 0) return new V(listOf(STRING), []);
    const modulus = 1n << BigInt(net.bits);
    const firstLength = wholeNumber(newbitsArgs[0], 1) + net.prefix;
    // Start from the subnet just before the base address so the first "next subnet" is the base itself.
    let current: IpNetwork = {
      ip: ((net.ip - 1n + modulus) % modulus) & maskOf(firstLength, net.bits),
      bits: net.bits,
      prefix: firstLength,
    };
    const out: Value[] = [];
    newbitsArgs.forEach((arg, i) => {
      const argIndex = i + 1;
      const newbits = wholeNumber(arg, argIndex);
      if (newbits < 1) throw new FunctionError('must extend prefix by at least one bit', argIndex);
      if (newbits > MAX_NEWBITS) throw new FunctionError('may not extend prefix by more than 32 bits', argIndex);
      const length = newbits + net.prefix;
      if (length > net.bits) {
        const protocol = net.bits === 32 ? 'IPv4' : 'IPv6';
        throw new FunctionError(
          `would extend prefix to ${length} bits, which is too long for an ${protocol} address`,
          argIndex,
        );
      }
      const enclosing: IpNetwork = { ip: lastAddress(current) & maskOf(length, net.bits), bits: net.bits, prefix: length };
      const after = (lastAddress(enclosing) + 1n) % modulus;
      const next: IpNetwork = { ip: after & maskOf(length, net.bits), bits: net.bits, prefix: length };
      if (after === 0n || !contains(net, next.ip)) {
        throw new FunctionError(
          `not enough remaining address space for a subnet with a prefix of ${length} bits after ${formatNetwork(current)}`,
          argIndex,
        );
      }
      current = next;
      out.push(stringVal(formatNetwork(current)));
    });
    return new V(listOf(STRING), out);
  },
};

export const networkFunctions: Readonly<Record<string, HclFunction>> = pureFunctions({ cidrhost, cidrnetmask, cidrsubnet, cidrsubnets });
