// Every plain record of Parley, for files that use several of them.
#pragma once
#include "model/account.hpp"
#include "model/attachment.hpp"
#include "model/community.hpp"
#include "model/direct_message.hpp"
#include "model/event.hpp"
#include "model/ids.hpp"
#include "model/invite.hpp"
#include "model/message.hpp"
