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

b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }

# token ROLE [--facility ID]... [--patrol ID] [--subject NAME] [--ttl SECONDS]
token() {
  local role="${1:-}" patrol="" subject="" ttl=43200 facilities=() now header payload signature f
  [[ $# -gt 0 ]] && shift
  case "$role" in
    patrol|operator|coordinator|admin) ;;
    *) die "token ROLE: ROLE is one of patrol, operator, coordinator, admin" ;;
  esac
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --facility) facilities+=("${2:-}"); shift 2 ;;
      --patrol) patrol="${2:-}"; shift 2 ;;
      --subject) subject="${2:-}"; shift 2 ;;
      --ttl) ttl="${2:-}"; shift 2 ;;
      *) die "token: unknown option $1" ;;
    esac
  done
  # Ids go into JSON as they are: accept only the id alphabet.
  for f in "${facilities[@]}" "$patrol"; do
    [[ -z "$f" || "$f" =~ ^[a-z0-9][a-z0-9-]{1,63}$ ]] || die "token: '$f' is not a facility or patrol id"
  done
  [[ "$ttl" =~ ^[0-9]{1,7}$ ]] || die "token: --ttl takes seconds"
  [[ "$role" != patrol || -n "$patrol" ]] || die "token patrol needs --patrol ID"
  [[ "$role" != operator || ${#facilities[@]} -gt 0 ]] || die "token operator needs at least one --facility ID"
  [[ -z "$subject" || "$subject" =~ ^[A-Za-z0-9._@-]{1,64}$ ]] || die "token: --subject takes letters, digits and ._@-"
  subject="${subject:-local-$role${patrol:+-$patrol}}"
  prepare_state
  ensure_keys
  now="$(date +%s)"
  header='{"alg":"RS256","typ":"JWT","kid":"relais-local"}'
  payload="{\"iss\":\"$TOKEN_ISSUER\",\"sub\":\"$subject\",\"upn\":\"$subject\",\"groups\":[\"$role\"],\"iat\":$now,\"exp\":$((now + ttl))"
  [[ -n "$patrol" ]] && payload+=",\"patrol_id\":\"$patrol\""
  if [[ ${#facilities[@]} -gt 0 ]]; then
    payload+=",\"facility_ids\":[$(printf '"%s",' "${facilities[@]}" | sed 's/,$//')]"
  fi
  payload+="}"
  header="$(printf '%s' "$header" | b64url)"
  payload="$(printf '%s' "$payload" | b64url)"
  signature="$(printf '%s' "$header.$payload" | openssl dgst -sha256 -sign "$KEYS/jwt-private.pem" | b64url)"
  printf '%s.%s.%s\n' "$header" "$payload" "$signature"
}
