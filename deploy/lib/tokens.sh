# shellcheck shell=bash
# deploy/relais, local signing keys and bearer tokens (production uses the city's OIDC provider instead).
# Sourced by deploy/relais, never run alone: it uses what the parts sourced before it define.

KEYS="$STATE/keys"
TOKEN_ISSUER="${RELAIS_TOKEN_ISSUER:-relais-local}"

ensure_keys() {
  [[ -f "$KEYS/jwt-private.pem" && -f "$KEYS/jwt-public.pem" ]] && return 0
  command -v openssl >/dev/null || die "openssl is missing (apt-get install openssl)"
  mkdir -p "$KEYS"
  chmod 700 "$KEYS"
  say "creating the local token signing key pair in $KEYS"
  (umask 077 && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$KEYS/jwt-private.pem" 2>/dev/null) \
    || die "openssl could not create a key pair"
  openssl pkey -in "$KEYS/jwt-private.pem" -pubout -out "$KEYS/jwt-public.pem" 2>/dev/null
}

# The key of the person-code hash (HMAC): made once, kept, so the same person is recognised across restarts.
ensure_person_code_secret() {
  if [[ -z "${RELAIS_PERSON_CODE_SECRET:-}" ]]; then
    if [[ ! -s "$KEYS/person-code.secret" ]]; then
      mkdir -p "$KEYS"
      chmod 700 "$KEYS"
      (umask 077 && head -c 48 /dev/urandom | base64 -w0 >"$KEYS/person-code.secret")
    fi
    RELAIS_PERSON_CODE_SECRET="$(cat "$KEYS/person-code.secret")"
  fi
  export RELAIS_PERSON_CODE_SECRET
}

# What the services need from the state folder: the token key's public half and the person-code secret. The
# private half goes to a loopback gateway only (its local sign-in page, see start_service).
service_environment() {
  ensure_keys
  ensure_person_code_secret
  export RELAIS_JWT_PUBLIC_KEY="${RELAIS_JWT_PUBLIC_KEY:-$(public_key)}"
  export RELAIS_TOKEN_ISSUER="$TOKEN_ISSUER"
  unset RELAIS_DEV_LOGIN_KEY
}

# The public key as quarkus.oidc.public-key wants it: base64 DER, no PEM armour.
public_key() { openssl pkey -pubin -in "$KEYS/jwt-public.pem" -outform DER 2>/dev/null | base64 -w0; }

# The one token signer (module tokens: the JDK only, see LocalToken) compiled with javac, not Maven, so that a token
# needs no build. Kept beside the broker's jars, for both platforms; compiled again only when a source is newer.
TOKENS_SOURCES="$ROOT/tokens/src/main/java"
TOKENS_CLASSES="$STATE_ROOT/tokens-classes"

tokens_signer_fresh() {
  [[ -f "$TOKENS_CLASSES/.compiled" ]] \
    && [[ -z "$(find "$TOKENS_SOURCES" -name '*.java' -newer "$TOKENS_CLASSES/.compiled" -print -quit)" ]]
}

tokens_signer() {
  tokens_signer_fresh && return 0
  command -v javac >/dev/null || die "javac is missing: the token signer needs a Java 17 JDK"
  mkdir -p "$STATE_ROOT"
  # The end-to-end tests mint tokens in parallel: one caller compiles, the others wait for it and find it done.
  (
    flock 9
    tokens_signer_fresh && exit 0
    scratch="$(mktemp -d "$STATE_ROOT/tokens-classes.XXXXXX")"
    # The marker is older than the compile, so a source changed during it is newer and compiled next time.
    touch "$scratch/.compiled"
    mapfile -t sources < <(find "$TOKENS_SOURCES" -name '*.java')
    javac -nowarn --release 17 -d "$scratch" "${sources[@]}" || { rm -rf "$scratch"; exit 1; }
    rm -rf "$TOKENS_CLASSES"
    mv "$scratch" "$TOKENS_CLASSES"
  ) 9>"$STATE_ROOT/tokens-classes.lock" || die "javac could not compile the token signer ($TOKENS_SOURCES)"
}

# token ROLE [--facility ID]... [--patrol ID] [--subject NAME] [--ttl SECONDS]: TokenCommand checks them (exit 2).
token() {
  prepare_state
  ensure_keys
  tokens_signer
  # A short-lived JVM: C1 only and the serial collector start it fastest.
  java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$TOKENS_CLASSES" org.relais.tokens.TokenCommand \
    --key "$KEYS/jwt-private.pem" --issuer "$TOKEN_ISSUER" "$@"
}
