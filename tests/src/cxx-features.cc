// What a C++ runtime must get right in a static musl binary: iostream,
// threads, thread_local, and an exception unwinding through many frames.
#include <iostream>
#include <stdexcept>
#include <thread>
#include <vector>

thread_local int per_thread = 0;

struct Counter {
	int &unwound;
	~Counter() { unwound++; }
};

[[gnu::noinline]] static void dive(int depth, int &unwound)
{
	Counter c{unwound};
	if (depth == 0)
		throw std::runtime_error("from the bottom");
	dive(depth - 1, unwound);
}

int main()
{
	int unwound = 0;
	try {
		dive(10, unwound);
	} catch (const std::exception &e) {
		std::cout << "caught '" << e.what() << "' after " << unwound << " destructors\n";
	}
	std::vector<int> result(4);
	std::vector<std::thread> threads;
	for (int i = 0; i < 4; i++)
		threads.emplace_back([i, &result] {
			for (int k = 0; k <= i; k++)
				per_thread++;
			try {
				throw i;
			} catch (int thrown) {
				result[i] = per_thread + 100 * thrown;
			}
		});
	for (auto &t : threads)
		t.join();
	for (int r : result)
		std::cout << r << ' ';
	std::cout << "main thread_local " << per_thread << std::endl;
	return 0;
}
