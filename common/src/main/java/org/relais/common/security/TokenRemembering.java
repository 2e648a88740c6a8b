package org.relais.common.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Hands {@link RememberedTokens} every identity once it is complete: augmentors run after the provider that verified
 * the token, this one last (lowest priority), so the roles it keeps are the final ones.
 */
@ApplicationScoped
public class TokenRemembering implements SecurityIdentityAugmentor {

    private final RememberedTokens tokens;

    public TokenRemembering(RememberedTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public int priority() {
        return Integer.MIN_VALUE;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        tokens.remember(identity);
        return Uni.createFrom().item(identity);
    }
}
