// Deliberately links the prebuilt fs_dir.o stub (CMake forces it in): the map check must find it
// here, or it proves nothing elsewhere.
int main() {
    return 0;
}
