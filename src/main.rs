fn main() {
    std::process::exit(shenbao::cli::run());
}
