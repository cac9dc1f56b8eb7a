// hello: the first program of the talk, through both of C++'s output paths.
#include <cstdio>
#include <iostream>

int hello_main(int argc, char** argv) {
    if (argc > 1) {
        std::fprintf(stderr, "usage: %s\n", argv[0]);
        return 2;
    }
    std::printf("Hello, world! (printf)\n");
    std::fflush(stdout);  // keep the two streams in order even if stdio is not line-buffered
    std::cout << "Hello, world! (std::cout)" << std::endl;
    return 0;
}
