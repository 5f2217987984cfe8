# cmake -DROOT=dir -DFILES="a;b/c" -DOUTPUT=out.cpp -P EmbedFiles.cmake
# Writes out.cpp defining topcoat::resources::storefrontFiles() (StorefrontFiles.h) with the
# bytes of each file, named by its path relative to ROOT.

set(body "// Generated from resources/storefront by EmbedFiles.cmake; do not edit.\n")
string(APPEND body "#include \"resources/StorefrontFiles.h\"\n\nnamespace topcoat::resources {\nnamespace {\n\n")
set(index 0)
set(table "")
foreach(name IN LISTS FILES)
    file(READ "${ROOT}/${name}" hex HEX)
    string(LENGTH "${hex}" hex_length)
    math(EXPR size "${hex_length} / 2")
    # 24 bytes a line keeps the generated file readable in an editor or a debugger.
    set(bytes "")
    set(offset 0)
    while(offset LESS hex_length)
        string(SUBSTRING "${hex}" ${offset} 48 line)
        string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," line "${line}")
        string(APPEND bytes "${line}\n    ")
        math(EXPR offset "${offset} + 48")
    endwhile()
    string(APPEND body "constexpr char file${index}[] = {\n    ${bytes}'\\0'};\n\n")
    string(APPEND table "    {\"${name}\", std::string_view(file${index}, ${size})},\n")
    math(EXPR index "${index} + 1")
endforeach()
string(APPEND body "constexpr EmbeddedFile files[] = {\n${table}};\n\n} // namespace\n\n")
string(APPEND body "std::span<const EmbeddedFile> storefrontFiles() {\n    return files;\n}\n\n")
string(APPEND body "} // namespace topcoat::resources\n")

# Rewrite only on change, so an unrelated reconfigure does not rebuild the server.
if(EXISTS "${OUTPUT}")
    file(READ "${OUTPUT}" previous)
    if(previous STREQUAL body)
        return()
    endif()
endif()
file(WRITE "${OUTPUT}" "${body}")
