// The one translation unit that compiles Asio and Beast (separate compilation), so that
// the rest of the code only parses their declarations.
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
