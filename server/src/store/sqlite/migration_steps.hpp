// The SQL of each numbered schema migration of the SQLite store, applied in order by migrate()
// (migrations.cpp). Never edit one that has shipped: add a new one. Part I's schema
// (migration_steps_part1.cpp) and what Part II added (migration_steps_part2.cpp).
#pragma once

namespace store::sqlite {

extern const char* const kMigration1Initial;
extern const char* const kMigration2EventLog;
extern const char* const kMigration3DirectMessages;
extern const char* const kMigration4Presence;
extern const char* const kMigration5ReadStates;
extern const char* const kMigration6Attachments;
extern const char* const kMigration7Roles;
extern const char* const kMigration8Invites;
extern const char* const kMigration9Search;
extern const char* const kMigration10Moderation;
extern const char* const kMigration11SearchByChannel;

}  // namespace store::sqlite
