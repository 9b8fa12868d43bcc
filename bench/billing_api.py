"""What the bench scripts read back from the public API to check a bill: one place, two scripts."""
import json
import urllib.request
from decimal import Decimal


def get(gateway, token, path):
    request = urllib.request.Request(gateway + path, headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read(), parse_float=Decimal)


def usage_entries(gateway, token):
    """Every USAGE ledger entry of the token's company, all pages."""
    entries, cursor = [], None
    while True:
        page = get(gateway, token, "/v1/billing/transactions?type=USAGE&limit=500" + (f"&cursor={cursor}" if cursor else ""))
        entries += page["data"]
        cursor = page.get("next_cursor")
        if not cursor:
            return entries
