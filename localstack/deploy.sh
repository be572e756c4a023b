#!/usr/bin/env bash
# Build the root template.yaml (the nested context stacks with it) and deploy it to LocalStack, with the
# `localstack` profile of samconfig.toml. The very same template goes to AWS with `sam build && sam deploy`.
#
# Usage:   localstack/deploy.sh          (LocalStack running: see README.md)
#
# Required environment (there are no defaults for secrets; they go into LocalStack's SSM as SecureString
# parameters, which the functions read - the template only names them):
#   STRIPE_SECRET_KEY       a Stripe test-mode secret key, sk_test_...
#   STRIPE_WEBHOOK_SECRET   the signing secret of `stripe listen --print-secret`, whsec_...
#
# Optional environment:
#   AWS_ENDPOINT_URL        LocalStack's gateway                      (default http://localhost:4566)
#   STRIPE_PARAMETER_PREFIX where the two SSM parameters go           (default /eventonight/stripe)
#   STRIPE_API_BASE         Stripe's API                              (default https://api.stripe.com)
#   PUBLIC_BASE_URL         the SPA's origin; Stripe Checkout redirects back only there
#                                                                     (default http://localhost:5173)
#   ALLOWED_ORIGINS         CORS origins of the HTTP APIs, comma-separated (default: the template's)
#   SAM_BUILD_IN_CONTAINER  1: build in SAM's python3.12 build image (Docker); 0: with the local python3.12;
#                           auto (default): in a container only when python3.12 is not on PATH
#   LOCALSTACK_WAIT_SECONDS how long to wait for LocalStack to answer (default 120)
set -euo pipefail

repo_root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
config_file="$repo_root/samconfig.toml"
config_env=localstack
endpoint=${AWS_ENDPOINT_URL:-http://localhost:4566}

die() {
    printf 'deploy.sh: %s\n' "$*" >&2
    exit 1
}

warn() {
    printf 'deploy.sh: warning: %s\n' "$*" >&2
}

# --- tools -----------------------------------------------------------------------------------------------------
command -v sam >/dev/null 2>&1 || die "the AWS SAM CLI is needed (1.95 or newer): https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/install-sam-cli.html"
command -v curl >/dev/null 2>&1 || die "curl is needed"
command -v aws >/dev/null 2>&1 || die "the AWS CLI is needed (the Stripe secrets go into SSM)"

# The SAM CLI honours AWS_ENDPOINT_URL from 1.95.0 on; an older one would send the deployment to AWS itself.
sam_version=$(sam --version | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -n 1 || true)
[[ -n $sam_version ]] || die "cannot read the SAM CLI's version from '$(sam --version)'"
IFS=. read -r sam_major sam_minor _ <<<"$sam_version"
if ((sam_major < 1 || (sam_major == 1 && sam_minor < 95))); then
    die "SAM CLI $sam_version ignores AWS_ENDPOINT_URL; upgrade to 1.95 or newer"
fi

# --- the Stripe secrets: no defaults, checked before anything is built --------------------------------------------
[[ -n ${STRIPE_SECRET_KEY:-} ]] || die "STRIPE_SECRET_KEY is not set: your Stripe test-mode key, sk_test_... (see localstack/README.md)"
[[ -n ${STRIPE_WEBHOOK_SECRET:-} ]] || die "STRIPE_WEBHOOK_SECRET is not set: export STRIPE_WEBHOOK_SECRET=\$(stripe listen --print-secret)"
[[ $STRIPE_SECRET_KEY == sk_test_* ]] || die "STRIPE_SECRET_KEY must be a test-mode key (sk_test_...) on LocalStack"
[[ $STRIPE_WEBHOOK_SECRET == whsec_* && $STRIPE_WEBHOOK_SECRET != whsec_local ]] \
    || die "STRIPE_WEBHOOK_SECRET must be your endpoint's signing secret (whsec_...), not a placeholder"

# --- aim every AWS call at LocalStack ----------------------------------------------------------------------------
# LocalStack accepts any credentials. None of the caller's own AWS profile or session may leak into a local
# deployment, and these dummy keys are refused by AWS should anything still try to reach it.
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SESSION_TOKEN
export AWS_ACCESS_KEY_ID=test
export AWS_SECRET_ACCESS_KEY=test
export AWS_DEFAULT_REGION=us-east-1
export AWS_ENDPOINT_URL=$endpoint

deadline=$((SECONDS + ${LOCALSTACK_WAIT_SECONDS:-120}))
until health=$(curl -fsS "$endpoint/_localstack/health" 2>/dev/null); do
    if ((SECONDS >= deadline)); then
        die "LocalStack does not answer at $endpoint; start it with: docker compose -f localstack/docker-compose.yml up -d"
    fi
    sleep 2
done
if [[ $health != *'"cognito-idp"'* ]]; then
    warn "LocalStack at $endpoint offers no Cognito: is it the Pro image with a valid LOCALSTACK_AUTH_TOKEN?"
fi

# --- build ---------------------------------------------------------------------------------------------------------
build_args=(--config-file "$config_file" --config-env "$config_env" --template-file "$repo_root/template.yaml")
case ${SAM_BUILD_IN_CONTAINER:-auto} in
    1) build_args+=(--use-container) ;;
    0) ;;
    auto) command -v python3.12 >/dev/null 2>&1 || build_args+=(--use-container) ;;
    *) die "SAM_BUILD_IN_CONTAINER must be 1, 0 or auto, not '$SAM_BUILD_IN_CONTAINER'" ;;
esac
cd "$repo_root"
sam build "${build_args[@]}"

# --- deploy --------------------------------------------------------------------------------------------------------
# Parameters of template.yaml. The Stripe secrets have no defaults: without them nothing is deployed.
prefix=${STRIPE_PARAMETER_PREFIX:-/eventonight/stripe}
aws ssm put-parameter --name "$prefix/secret-key" --type SecureString --overwrite \
    --value "$STRIPE_SECRET_KEY" >/dev/null || die "cannot store $prefix/secret-key in LocalStack's SSM"
aws ssm put-parameter --name "$prefix/webhook-secret" --type SecureString --overwrite \
    --value "$STRIPE_WEBHOOK_SECRET" >/dev/null || die "cannot store $prefix/webhook-secret in LocalStack's SSM"
# The unsubscribe links' signing secret: a random one, made once and kept (links already sent stay valid).
unsubscribe_parameter=/eventonight/notifications/unsubscribe-secret
aws ssm get-parameter --name "$unsubscribe_parameter" >/dev/null 2>&1 \
    || aws ssm put-parameter --name "$unsubscribe_parameter" --type SecureString \
        --value "$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" >/dev/null \
    || die "cannot store $unsubscribe_parameter in LocalStack's SSM"
overrides=(
    "StripeApiBase=${STRIPE_API_BASE:-https://api.stripe.com}"
    "PublicBaseUrl=${PUBLIC_BASE_URL:-http://localhost:5173}"
    "StripeSecretKeyParameter=$prefix/secret-key"
    "StripeWebhookSecretParameter=$prefix/webhook-secret"
    "UnsubscribeSecretParameter=$unsubscribe_parameter"
)
if [[ -n ${ALLOWED_ORIGINS:-} ]]; then
    overrides+=("AllowedOrigins=$ALLOWED_ORIGINS")
fi

sam deploy --config-file "$config_file" --config-env "$config_env" \
    --template-file "$repo_root/.aws-sam/build/template.yaml" \
    --parameter-overrides "${overrides[@]}"

# --- where things are ------------------------------------------------------------------------------------------------
sam list stack-outputs --config-file "$config_file" --config-env "$config_env" --output table
cat <<EOF

Deployed to LocalStack at $endpoint. AWS CLI:  aws --endpoint-url $endpoint ...
Stripe webhooks:  stripe listen --forward-to <TicketingApi above>/ticketing/webhooks/stripe   (see localstack/README.md)
EOF
