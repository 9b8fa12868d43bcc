package dev.aggregator.auth.team;

import java.util.List;

/** Not paginated: a company has few members. */
record MembersResponse(List<MemberResponse> data) {}
