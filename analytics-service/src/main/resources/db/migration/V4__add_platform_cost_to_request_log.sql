-- What the provider charged the platform for the request (its cost prices, the proxy's rounding
-- rule), next to what the company was charged (cost); null when the offering had no cost prices
-- and for requests recorded before this.
ALTER TABLE request_log ADD COLUMN platform_cost NUMERIC(20, 8) CHECK (platform_cost >= 0);
