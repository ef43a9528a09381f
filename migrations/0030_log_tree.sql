-- The log's Merkle tree (RFC 6962), built by the `log_tree` subscription from the global log in its one order,
-- and served as C2SP tlog-tiles. Leaf i is the i-th event of the log counted from 0 (not its position: positions
-- have gaps); its entry is the event's 32-byte chain hash. The tables hold hashes only, and a rebuild from the
-- log writes them again byte for byte; the checkpoints are the exception: they are signed, kept, never rebuilt.

-- log_leaf_tiles: which event each leaf is, so that a proof can be asked by position and entry bundles served;
-- 256 leaves a row, as a level 0 tile holds them: row N holds the positions of leaves 256N to 256N + 255 as far as
-- the tree has them, and grows in place. A row a leaf would cost every append two index entries more.
CREATE TABLE log_leaf_tiles (
    tile_index     bigint   PRIMARY KEY CHECK (tile_index >= 0),
    first_position bigint   NOT NULL UNIQUE,
    positions      bigint[] NOT NULL CHECK (cardinality(positions) BETWEEN 1 AND 256)
);

-- log_tiles: each tile's hashes as far as the tree has grown (up to 256 of 32 bytes). A partial tile of width W
-- is the first W hashes of the row: tiles only ever grow at their right end, so the row is overwritten in place.
CREATE TABLE log_tiles (
    level      smallint NOT NULL CHECK (level BETWEEN 0 AND 7),
    tile_index bigint   NOT NULL CHECK (tile_index >= 0),
    hashes     bytea    NOT NULL CHECK (length(hashes) BETWEEN 32 AND 8192 AND length(hashes) % 32 = 0),
    PRIMARY KEY (level, tile_index)
);

-- log_checkpoints: every signed checkpoint (a C2SP signed note), one a tree size; each is consistent with the one
-- before it, which the signer checks before it signs.
CREATE TABLE log_checkpoints (
    tree_size bigint      PRIMARY KEY CHECK (tree_size >= 0),
    root      bytea       NOT NULL CHECK (length(root) = 32),
    note      text        NOT NULL,
    signed_at timestamptz NOT NULL DEFAULT now()
);

-- log_cosignatures: what each witness said of a checkpoint, one tlog-cosignature line a witness (named by its
-- verifier key's name), served after the log's own signature; a witness cosigns a checkpoint only when it extends
-- the last one that witness cosigned.
CREATE TABLE log_cosignatures (
    tree_size bigint NOT NULL REFERENCES log_checkpoints (tree_size),
    witness   text   NOT NULL,
    line      text   NOT NULL,
    PRIMARY KEY (tree_size, witness)
);
