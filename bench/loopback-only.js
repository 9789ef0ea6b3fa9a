// Preloaded into the mock server (NODE_OPTIONS=--require) by bench/conformance: it refuses
// every name lookup and connection that does not stay on this machine's loopback. A
// document may hold a `$ref` to a web address (GitHub's holds some inside example values,
// which Prism resolves anyway); the mock must fail on it here rather than reach out.
'use strict';

const dns = require('dns');
const net = require('net');

const isLoopback = (host) =>
  host === undefined ||
  host === null ||
  host === '' ||
  host === 'localhost' ||
  /^127\.\d+\.\d+\.\d+$/.test(host) ||
  host === '::1' ||
  host === '[::1]';

const refusal = (host) =>
  Object.assign(new Error(`${host} is off this machine's loopback: the mock reaches nothing else`), {
    code: 'ECONNREFUSED',
  });

const lookup = dns.lookup;
dns.lookup = function (host, ...rest) {
  if (isLoopback(host)) {
    return lookup.call(this, host, ...rest);
  }
  const callback = rest[rest.length - 1];
  process.nextTick(() => callback(refusal(host)));
  return {};
};
const lookupPromise = dns.promises.lookup;
dns.promises.lookup = function (host, ...rest) {
  return isLoopback(host) ? lookupPromise.call(this, host, ...rest) : Promise.reject(refusal(host));
};

// The host a `Socket#connect` call names: `(options[, cb])`, `(port[, host][, cb])`, or the
// normalized `[options, cb]` array node passes internally; a path (a Unix socket) has none.
const hostOf = (args) => {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (first !== null && typeof first === 'object') {
    return first.path === undefined ? first.host : undefined;
  }
  return typeof args[1] === 'string' ? args[1] : undefined;
};

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const host = hostOf(args);
  if (isLoopback(host)) {
    return connect.apply(this, args);
  }
  process.nextTick(() => this.destroy(refusal(host)));
  return this;
};
