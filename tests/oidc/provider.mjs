// A real OpenID Connect provider for the sign-in tests: oauth2-mock-server (discovery,
// authorization endpoint, token endpoint with PKCE, RS256-signed id_tokens, JWKS).
//
//   node tests/oidc/provider.mjs [port]
//
// prints `issuer <url>` once it listens, and stops when its stdin closes (so it never
// outlives the test that started it).
//
// The provider has no login form: the identity it vouches for comes from `login_hint`
// on the authorization request, as `sub`, `email`, `verified` (1/0), `name` and `fault`
// joined by `|`, e.g. `sub=alice|email=alice@example.jp|verified=1|name=Alice`.
// A test opens the authorization URL itself, so it plays the resident "logging in" at
// the provider. `fault` makes the provider misbehave the way the tests need:
//   wrong-nonce  the id_token carries another nonce
//   expired      the id_token expired an hour ago
//   bad-sig      the id_token's signature is damaged on the way
//   wrong-aud    the id_token is for another client
import { OAuth2Server } from 'oauth2-mock-server';

const port = Number(process.argv[2] ?? 0);
const server = new OAuth2Server();
await server.issuer.keys.generate('RS256');

const DEFAULT = { sub: 'resident-1', email: 'oidc.resident@example.jp', verified: '1', name: 'Aoi Sato', fault: '' };
const byCode = new Map();

function parseHint(hint) {
  const id = { ...DEFAULT };
  for (const part of (hint ?? '').split('|')) {
    const i = part.indexOf('=');
    if (i > 0) id[part.slice(0, i)] = part.slice(i + 1);
  }
  return id;
}

server.service.on('beforeAuthorizeRedirect', (redirect, req) => {
  const code = redirect.url.searchParams.get('code');
  if (code) byCode.set(code, parseHint(req.query.login_hint));
});

server.service.on('beforeTokenSigning', (token, req) => {
  const id = byCode.get(req.body?.code);
  if (!id) return;
  token.payload.sub = id.sub;
  if (id.email) token.payload.email = id.email;
  token.payload.email_verified = id.verified === '1';
  if (id.name) token.payload.name = id.name;
  if (id.fault === 'wrong-nonce' && token.payload.nonce) token.payload.nonce = 'not-the-nonce';
  if (id.fault === 'expired') {
    const now = Math.floor(Date.now() / 1000);
    token.payload.iat = now - 7200;
    token.payload.exp = now - 3600;
  }
  if (id.fault === 'wrong-aud' && token.payload.nonce) token.payload.aud = 'another-client';
});

server.service.on('beforeResponse', (response, req) => {
  const id = byCode.get(req.body?.code);
  if (!id) return;
  if (id.fault === 'bad-sig' && response.body.id_token) {
    const [h, p, s] = response.body.id_token.split('.');
    const flipped = (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    response.body.id_token = [h, p, flipped].join('.');
  }
  byCode.delete(req.body.code);
});

await server.start(port, '127.0.0.1');
process.stdout.write(`issuer ${server.issuer.url}\n`);
process.stdin.on('end', async () => {
  await server.stop();
  process.exit(0);
});
process.stdin.resume();
