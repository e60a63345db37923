export * from './max-min';
export * from './rank-powers';
export * from './alkdrec-policy';
export * from './rad-bc-policy';
