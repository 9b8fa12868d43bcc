package dev.aggregator.auth.team;

import java.util.List;
import java.util.UUID;

record AcceptedInvitationResponse(UUID userId, UUID companyId, String email, List<String> roles) {}
