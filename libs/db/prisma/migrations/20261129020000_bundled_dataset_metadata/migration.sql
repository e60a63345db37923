-- The bundled datasets' metadata for rows imported before Dataset.metadata existed (they got the
-- neutral default in 20261129010000). Keyed on the imported CONTENT (the sha256 of the parsed items
-- and sessions recorded in "source"), never on the name: only a row holding exactly the bundled
-- content, with the metadata still neutral, gets the metadata its datasets/<name>/metadata.json
-- gives a new import. Anything else is left as it is.

-- movielens-hetrec2011 (datasets/movielens-hetrec2011/metadata.json)
UPDATE "Dataset"
SET "metadata" = '{"domain":{"item":"movie","items":"movies","verb":"watched","verbPresent":"watch"},"negatives":{"attmix":"uniform-bce"}}'::jsonb
WHERE "source" -> 'items' ->> 'contentSha256' = 'fc79ceff08f59bfbac454fa80965c34f890269291fa2c3456903960a1f313dc3'
  AND "source" -> 'sessions' ->> 'contentSha256' = '1689e067e2ab36790f40e069ddb96ce65bbe7626cf3672c3e101873757c92e21'
  AND "metadata" = '{"domain":{"item":"item","items":"items","verb":"interacted with","verbPresent":"interact with"},"negatives":{}}'::jsonb;

-- amazon-games (datasets/amazon-games/metadata.json)
UPDATE "Dataset"
SET "metadata" = '{"domain":{"item":"game","items":"games","verb":"bought","verbPresent":"buy"},"negatives":{}}'::jsonb
WHERE "source" -> 'items' ->> 'contentSha256' = 'f77fc2467d4a721bd99f9eeceb7766e0afd419909d24821dfd91523a333be7bb'
  AND "source" -> 'sessions' ->> 'contentSha256' = 'ca8915baaa15f11a59c35cafbaa83437eaeb12cca408e5d7c0b060dfb3a792df'
  AND "metadata" = '{"domain":{"item":"item","items":"items","verb":"interacted with","verbPresent":"interact with"},"negatives":{}}'::jsonb;
