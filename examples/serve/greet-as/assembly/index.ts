// greet-as -- a WAGI app in AssemblyScript: greets by name, as JSON.
//
//   GET  /?name=Ada           200 {"greeting":"Hello, Ada!","method":"GET","path":"/","userAgent":"..."}
//   POST / with body "Ada"    the same, the name taken from the (text) body
//   other methods             405
//
// The wasi-shim maps `process.env` and `process.stdin` onto WASI; the host
// passes the request in environment variables and the body on stdin, and reads
// CGI headers, a blank line and the body from stdout.

const MAX_BODY = 4096;

function env(name: string): string {
  return process.env.has(name) ? process.env.get(name) : "";
}

function hexValue(c: i32): i32 {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

// Decodes %XX (as UTF-8 bytes) and '+' in one query-string value.
function decodeQueryValue(value: string): string {
  const bytes = new Uint8Array(value.length * 3);
  const raw = String.UTF8.encode(value);
  const input = Uint8Array.wrap(raw);
  let n = 0;
  for (let i = 0; i < input.length; i++) {
    const c = <i32>input[i];
    if (c == 37 && i + 2 < input.length && hexValue(input[i + 1]) >= 0 && hexValue(input[i + 2]) >= 0) {
      bytes[n++] = <u8>(hexValue(input[i + 1]) * 16 + hexValue(input[i + 2]));
      i += 2;
    } else {
      bytes[n++] = c == 43 ? 32 : <u8>c;
    }
  }
  return String.UTF8.decode(bytes.slice(0, n).buffer);
}

function queryParam(query: string, key: string): string {
  const pairs = query.split("&");
  for (let i = 0; i < pairs.length; i++) {
    const eq = pairs[i].indexOf("=");
    if (eq > 0 && pairs[i].substring(0, eq) == key) return decodeQueryValue(pairs[i].substring(eq + 1));
  }
  return "";
}

// Reads at most CONTENT_LENGTH (and MAX_BODY) bytes of the body from stdin.
function readBody(): string {
  const declared = env("CONTENT_LENGTH");
  let left = declared.length > 0 ? I32.parseInt(declared) : MAX_BODY;
  if (left > MAX_BODY) left = MAX_BODY;
  const body = new Uint8Array(left);
  let got = 0;
  while (got < left) {
    const n = process.stdin.read(body.buffer, got);
    if (n <= 0) break;
    got += n;
  }
  return String.UTF8.decode(body.slice(0, got).buffer);
}

function jsonString(s: string): string {
  let out = "\"";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c == 34) out += "\\\"";
    else if (c == 92) out += "\\\\";
    else if (c < 32) out += "\\u00" + (c < 16 ? "0" : "") + c.toString(16);
    else out += String.fromCharCode(c);
  }
  return out + "\"";
}

const method = env("REQUEST_METHOD");
let name = "";
if (method == "GET" || method == "HEAD") {
  name = queryParam(env("QUERY_STRING"), "name");
} else if (method == "POST") {
  name = readBody().trim();
} else {
  process.stdout.write("Status: 405 Method Not Allowed\nAllow: GET, HEAD, POST\nContent-Type: text/plain\n\nmethod not allowed\n");
  process.exit(0);
}
if (name.length == 0) name = "world";

const body = "{\"greeting\":" + jsonString("Hello, " + name + "!") +
  ",\"method\":" + jsonString(method) +
  ",\"path\":" + jsonString(env("SCRIPT_NAME") + env("PATH_INFO")) +
  ",\"userAgent\":" + jsonString(env("HTTP_USER_AGENT")) + "}\n";
process.stdout.write("Content-Type: application/json\n\n" + body);
